import { Inject, Injectable } from '@nestjs/common';
import { secretBoxFor, type SecretBox } from '@onething/codec';
import { AppConfig, APP_CONFIG } from '@onething/config';
import { generateWebhookSecret } from '@onething/events';
import { ApiError, ApiErrorCode } from '@onething/http';
import { APP_LOGGER, AppLogger } from '@onething/logging';
import { ReadModel, type InboundSourceRow } from '@onething/persistence';
import { inboundSecretContext } from './inbound-signature';
import type { CreateInboundSourceDto, InboundSourceSecret, InboundSourceView } from './inbound.dto';

/**
 * The department systems allowed to post inbound events, each with its own Standard Webhooks secret:
 * generated here, answered once, stored sealed (SecretBox over the payload key ring), rotatable.
 */
@Injectable()
export class InboundSourcesService {
  private readonly box: SecretBox;

  constructor(
    private readonly readModel: ReadModel,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(APP_LOGGER) private readonly log: AppLogger,
  ) {
    this.box = secretBoxFor(config.temporal.payloadKeys);
  }

  async create(dto: CreateInboundSourceDto): Promise<InboundSourceSecret> {
    if (!(await this.readModel.staff.isActiveDepartment(dto.department)))
      throw new ApiError(
        ApiErrorCode.ValidationFailed,
        'department: no such active department',
        'department',
      );
    const secret = generateWebhookSecret();
    const inserted = await this.readModel.proactive.insertSource({
      code: dto.code,
      departmentCode: dto.department,
      secretSealed: this.box.seal(secret, inboundSecretContext(dto.code)),
    });
    if (!inserted)
      throw new ApiError(ApiErrorCode.Conflict, 'An inbound source with this code exists', 'code');
    this.log.info({ source: dto.code, department: dto.department }, 'inbound source created');
    return { ...toView((await this.readModel.proactive.findActiveSource(dto.code))!), secret };
  }

  /** A new secret at once; the old one no longer verifies. */
  async rotate(code: string): Promise<InboundSourceSecret> {
    const secret = generateWebhookSecret();
    const rotated = await this.readModel.proactive.rotateSourceSecret(
      code,
      this.box.seal(secret, inboundSecretContext(code)),
    );
    if (!rotated) throw new ApiError(ApiErrorCode.NotFound, 'No such inbound source', 'code');
    this.log.info({ source: code }, 'inbound source secret rotated');
    return { ...toView((await this.readModel.proactive.findActiveSource(code))!), secret };
  }

  async list(): Promise<{ items: InboundSourceView[] }> {
    return { items: (await this.readModel.proactive.listSources()).map(toView) };
  }
}

function toView(row: InboundSourceRow): InboundSourceView {
  return {
    code: row.code,
    department: row.departmentCode,
    createdAt: row.createdAt.toISOString(),
    rotatedAt: row.rotatedAt?.toISOString() ?? null,
  };
}
