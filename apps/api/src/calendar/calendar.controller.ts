import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Allow, Caller, type Principal } from '@onething/auth';
import { CalendarStore } from '@onething/calendar-store';
import { ApiError, ApiErrorCode, ZodValidationPipe } from '@onething/http';
import { addressOf } from '../auth/auth.controller';
import {
  calendarYearParamSchema,
  replaceCalendarYearSchema,
  toCalendarYearView,
  type CalendarYearView,
  type ReplaceCalendarYearDto,
} from './calendar.dto';
import { ApiRoute } from '../openapi/api-route.decorator';
import { calendarYearResponseSchema } from './calendar.dto';

const year = new ZodValidationPipe(calendarYearParamSchema);

/** The working-day calendar the legal time limits are counted in: administrators keep it, auditors read. */
@Controller('admin/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarStore) {}

  @Get(':year')
  @ApiRoute({
    summary: "A year's working calendar (holidays and make-up workdays)",
    response: calendarYearResponseSchema,
  })
  @Allow(['administrator', 'auditor'])
  async get(@Param('year', year) calendarYear: number): Promise<CalendarYearView> {
    const found = await this.calendar.getYear(calendarYear);
    if (!found) throw new ApiError(ApiErrorCode.NotFound, `No working calendar for ${calendarYear}`);
    return toCalendarYearView(found);
  }

  @Put(':year')
  @ApiRoute({
    summary: "Replace a year's working calendar",
    response: calendarYearResponseSchema,
    status: 200,
  })
  @Allow(['administrator'])
  async replace(
    @Caller() caller: Principal,
    @Param('year', year) calendarYear: number,
    @Body(new ZodValidationPipe(replaceCalendarYearSchema)) body: ReplaceCalendarYearDto,
    @Req() request: Request,
  ): Promise<CalendarYearView> {
    return toCalendarYearView(
      await this.calendar.replaceYear(calendarYear, body, caller.id, addressOf(request)),
    );
  }
}
