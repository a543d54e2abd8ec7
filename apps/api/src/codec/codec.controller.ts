import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { AccessTrail, oversightBasis } from '@onething/audit';
import { Allow, Caller, type Principal } from '@onething/auth';
import { EncryptionCodec, loadPayloadKeys } from '@onething/codec';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { ApiError, ApiErrorCode, ZodValidationPipe } from '@onething/http';
import { ApiRoute } from '../openapi/api-route.decorator';

/**
 * What one payload of this deployment needs, with room: case payloads are ids and references (the data
 * itself lives in PostgreSQL), a few hundred bytes sealed; metadata is `encoding`, the key id and the like.
 */
export const CODEC_LIMITS = {
  payloads: 1000,
  metadataEntries: 16,
  metadataKey: 64,
  /** base64 characters of one metadata value. */
  metadataValue: 1024,
  /** base64 characters of one payload's data (192 KiB of bytes). */
  data: 256 * 1024,
};

/** The Temporal codec-server protocol: payloads as JSON, metadata values and data in base64. */
const codecRequestSchema = z.strictObject({
  payloads: z
    .array(
      z.object({
        metadata: z
          .record(z.string().max(CODEC_LIMITS.metadataKey), z.base64().max(CODEC_LIMITS.metadataValue))
          .refine((metadata) => Object.keys(metadata).length <= CODEC_LIMITS.metadataEntries, {
            message: `at most ${CODEC_LIMITS.metadataEntries} metadata entries`,
          })
          .optional(),
        data: z.base64().max(CODEC_LIMITS.data).optional(),
      }),
    )
    .max(CODEC_LIMITS.payloads),
});
type CodecRequest = z.infer<typeof codecRequestSchema>;
const codecResponseSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()), data: z.string() })),
});

const fromJson = (p: CodecRequest['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  ),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/**
 * A codec server for the Temporal Web UI and CLI, so the people allowed to read case data can see
 * payloads that the Temporal server only holds encrypted. Decoding shows personal data: administrators
 * and auditors only.
 */
@Controller('codec')
export class CodecController {
  private readonly codec?: EncryptionCodec;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly trail: AccessTrail,
  ) {
    if (config.temporal.payloadKeys)
      this.codec = new EncryptionCodec(loadPayloadKeys(config.temporal.payloadKeys));
  }

  @Post('encode')
  @ApiRoute({ summary: 'Encrypt payloads (Temporal codec server)', response: codecResponseSchema })
  @HttpCode(200)
  @Allow(['administrator'])
  async encode(@Body(new ZodValidationPipe(codecRequestSchema)) body: CodecRequest) {
    return { payloads: (await this.available().encode(body.payloads.map(fromJson))).map(toJson) };
  }

  @Post('decode')
  @ApiRoute({ summary: 'Decrypt payloads (Temporal codec server)', response: codecResponseSchema })
  @HttpCode(200)
  @Allow(['administrator', 'auditor'])
  async decode(
    @Caller() caller: Principal,
    @Body(new ZodValidationPipe(codecRequestSchema)) body: CodecRequest,
  ) {
    const decoded = await this.available()
      .decode(body.payloads.map(fromJson))
      .catch((error: Error) => {
        throw new ApiError(ApiErrorCode.ValidationFailed, `payloads: ${error.message}`, 'payloads');
      });
    // Payloads name no case the API could tell; the record says who decoded payloads, and when.
    await this.trail.record({
      ...oversightBasis(caller),
      resource: 'temporal-payloads',
      fields: ['payloads'],
    });
    return { payloads: decoded.map(toJson) };
  }

  private available(): EncryptionCodec {
    if (!this.codec)
      throw new ApiError(ApiErrorCode.ServiceUnavailable, 'Payload encryption is not configured');
    return this.codec;
  }
}
