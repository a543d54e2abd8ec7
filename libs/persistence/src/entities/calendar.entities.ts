import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a year's holidays and make-up days came from: the published schedule, or an administrator. */
export type CalendarYearSource = 'chinese-days' | 'administrator';
/** A weekday off (`holiday`) or a weekend day worked (`workday`, 调休). */
export type CalendarDayKind = 'holiday' | 'workday';

@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ type: 'text' })
  source!: CalendarYearSource;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}

/** One exception to Monday–Friday; the database checks that a holiday is a weekday and a workday is not. */
@Entity({ name: 'calendar_days' })
export class CalendarDayEntity {
  /** YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'text' })
  kind!: CalendarDayKind;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
