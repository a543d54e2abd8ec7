import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Definition } from '@onething/definition';

export type DefinitionVersionStatus = 'draft' | 'published' | 'archived';

/**
 * One version of a one-thing definition. Drafts are editable (optimistic locking by `revision`);
 * a published version is immutable and cases are pinned to it.
 */
@Entity({ name: 'definition_versions' })
@Unique('definition_versions_key_version', ['key', 'version'])
export class DefinitionVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  status!: DefinitionVersionStatus;

  /** The YAML or JSON the administrator wrote, kept verbatim (line numbers of errors refer to it). */
  @Column({ type: 'text' })
  source!: string;

  /** The parsed definition (defaults applied) for a valid source; null for a draft that does not validate. */
  @Column({ type: 'jsonb', nullable: true })
  document!: Definition | null;

  @Column({ name: 'lead_department', type: 'text', nullable: true })
  leadDepartment!: string | null;

  @VersionColumn({ type: 'int' })
  revision!: number;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
