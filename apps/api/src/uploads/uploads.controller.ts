import { Controller, Get, Headers, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { z } from 'zod';
import { ApiRoute } from '../openapi/api-route.decorator';
import { MaterialsResponseSchema, UploadResponseSchema } from './upload.dto';

/** A file's bytes (its own type in Content-Type; the document names it octet-stream). */
const FILE_RESPONSE = z.string().meta({ format: 'binary' });
import type { Request, Response } from 'express';
import { Allow, Caller, ROLES, type Principal } from '@onething/auth';
import { ApiError, ApiErrorCode, parseOrThrow, STREAMED_MEDIA_TYPE, ZodValidationPipe } from '@onething/http';
import { integerParam } from '@onething/text';
import { DownloadsService, type Download } from './downloads.service';
import {
  MaterialsQuery,
  materialsQuerySchema,
  sha256ParamSchema,
  taskIdParamSchema,
  UploadQuery,
  uploadQuerySchema,
  type MaterialsView,
  type UploadView,
} from './upload.dto';
import { UploadsService } from './uploads.service';

const DEPARTMENT_CALLERS = ['department_worker', 'department_supervisor', 'department_system'] as const;
const contentLengthSchema = integerParam({ min: 0 }).optional();

/** Uploads, a person's materials, and contract-checked downloads (一套材料). */
@Controller()
export class UploadsController {
  constructor(
    private readonly uploads: UploadsService,
    private readonly downloads: DownloadsService,
  ) {}

  /** The raw bytes as an `application/octet-stream` body; see `uploadQuerySchema` for the query. */
  @Post('uploads')
  @ApiRoute({
    summary: 'Upload one file (the raw bytes as application/octet-stream)',
    response: UploadResponseSchema,
    status: 201,
  })
  @Allow(['applicant', 'counter_clerk'])
  async upload(
    @Caller() caller: Principal,
    @Query(new ZodValidationPipe(uploadQuerySchema)) query: UploadQuery,
    @Headers('content-length') rawLength: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UploadView> {
    // The bytes come as the body itself; anything else was read (or refused) by the body parser already.
    if (!request.is(STREAMED_MEDIA_TYPE))
      throw new ApiError(ApiErrorCode.UnsupportedMediaType, `Send the file as ${STREAMED_MEDIA_TYPE}`, '', [
        { code: 'UNSUPPORTED_CONTENT_TYPE', message: `Send the file as ${STREAMED_MEDIA_TYPE}`, path: '' },
      ]);
    const declaredLength = parseOrThrow(contentLengthSchema, rawLength, ['Content-Length']);
    try {
      const view = await this.uploads.upload(caller, query, request, declaredLength);
      response.status(201);
      return view;
    } catch (error) {
      // Refused before the body was read to its end: the connection closes after the answer, so the
      // rest of an oversize body is never read.
      if (!request.complete) response.setHeader('Connection', 'close');
      throw error;
    }
  }

  @Get('me/materials')
  @ApiRoute({ summary: 'My materials: earlier documents to reuse', response: MaterialsResponseSchema })
  @Allow(ROLES)
  materials(
    @Caller() caller: Principal,
    @Query(new ZodValidationPipe(materialsQuerySchema)) query: MaterialsQuery,
  ): Promise<MaterialsView> {
    return this.uploads.materials(caller, query);
  }

  @Get('me/materials/:sha256/content')
  @ApiRoute({
    summary: 'Download one of my materials',
    response: FILE_RESPONSE,
    contentType: 'application/octet-stream',
  })
  @Allow(ROLES)
  async ownMaterial(
    @Caller() caller: Principal,
    @Param('sha256', new ZodValidationPipe(sha256ParamSchema)) sha256: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return streamed(await this.downloads.ownMaterial(caller, sha256), response);
  }

  /** Only a file the task's data (its step's contract) holds; another department's task answers 404. */
  @Get('tasks/:id/attachments/:sha256')
  @ApiRoute({
    summary: 'Download an attachment the task’s contract holds',
    response: FILE_RESPONSE,
    contentType: 'application/octet-stream',
  })
  @Allow(DEPARTMENT_CALLERS)
  async taskAttachment(
    @Caller() caller: Principal,
    @Param('id', new ZodValidationPipe(taskIdParamSchema)) id: string,
    @Param('sha256', new ZodValidationPipe(sha256ParamSchema)) sha256: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return streamed(await this.downloads.taskAttachment(caller, id, sha256), response);
  }
}

/** RFC 6266 with the RFC 8187 form: any name (Chinese included) survives, and nothing can break the header. */
function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}

function streamed(download: Download, response: Response): StreamableFile {
  // Stored bytes are served as data to save, never rendered in the API's origin.
  response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  response.setHeader('X-Content-Type-Options', 'nosniff');
  return new StreamableFile(download.stream, {
    type: download.contentType,
    length: download.sizeBytes,
    disposition: contentDisposition(download.name),
  });
}
