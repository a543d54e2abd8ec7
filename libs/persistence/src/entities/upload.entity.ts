import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One person's upload of one file (一套材料): the bytes live once in the blob store under `sha256`; this
 * row says whose they are, under which name, and what type their bytes showed. Unreferenced rows expire
 * (`expiresAt`); once a case references the file, `referencedAt` is set, `expiresAt` cleared, and the row
 * stays as the person's reusable material.
 */
@Entity({ name: 'uploads' })
export class UploadEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_account_id', type: 'uuid' })
  ownerAccountId!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ name: 'definition_key', type: 'text', nullable: true })
  definitionKey!: string | null;

  @Column({ name: 'field_id', type: 'text', nullable: true })
  fieldId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'referenced_at', type: 'timestamptz', nullable: true })
  referencedAt!: Date | null;
}
