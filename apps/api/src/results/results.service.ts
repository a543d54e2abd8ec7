import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessTrail, caseAccessBasis } from '@onething/audit';
import { mayActForApplicant, type Principal, type Throttle } from '@onething/auth';
import type { CaseResultSummary } from '@onething/case-model';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { ApiError, ApiErrorCode } from '@onething/http';
import { PinnedDefinitions } from '@onething/orchestration';
import { ReadModel, type CaseEntity, type ResultDocumentRow } from '@onething/persistence';
import { loadReadableCase } from '../cases/readable-case';
import { buildResultDocument, publicFacts, type ResultDocument } from './result-document';
import { ResultPdfRenderer } from './result-pdf';
import { canonicalJson, presentedCanonicalJson, ResultSigner } from './result-signer';
import {
  resultIdSchema,
  type SignedResultResponse,
  type VerificationResponse,
  type VerifyPresentedDto,
} from './results.dto';

export const RESULT_SIGNER = Symbol('RESULT_SIGNER');
export const VERIFY_THROTTLE = Symbol('VERIFY_THROTTLE');

type ClosedCase = CaseEntity & { result: CaseResultSummary; completedAt: Date };

/**
 * The one verifiable result: issued once per closed case (frozen: the signed canonical text is stored),
 * downloaded by its applicant as signed JSON or a printable PDF, verified by anyone.
 */
@Injectable()
export class ResultsService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly definitions: PinnedDefinitions,
    private readonly trail: AccessTrail,
    @Inject(RESULT_SIGNER) private readonly signer: ResultSigner,
    @Inject(VERIFY_THROTTLE) private readonly throttle: Throttle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pdf: ResultPdfRenderer,
  ) {}

  async signedResult(caller: Principal, caseId: string): Promise<SignedResultResponse> {
    const { entity, facts } = await loadReadableCase(this.readModel, caller, caseId);
    // The applicant's document: their own, or the one their clerk submitted for them.
    if (!mayActForApplicant(caller, facts)) throw new ApiError(ApiErrorCode.NotFound, 'No such case', 'id');
    if (!isClosed(entity)) {
      throw new ApiError(ApiErrorCode.Conflict, 'The case has no result yet', 'id', [
        { code: 'RESULT_NOT_READY', message: `The case is ${entity.status}`, path: 'id' },
      ]);
    }
    const issued = (await this.readModel.resultDocuments.forCase(caseId)) ?? (await this.issue(entity));
    const document = JSON.parse(issued.canonical) as ResultDocument;
    await this.trail.record({
      ...caseAccessBasis(caller, facts),
      caseId,
      resource: 'result',
      fields: resultFields(document),
    });
    return {
      document: document as unknown as Record<string, unknown>,
      canonical: issued.canonical,
      signature: issued.signature,
      verification: { resultId: issued.id, url: this.verifyUrl(issued) },
    };
  }

  async resultPdf(caller: Principal, caseId: string): Promise<Buffer> {
    const signed = await this.signedResult(caller, caseId);
    return this.pdf.render(
      signed.document as unknown as ResultDocument,
      signed.signature,
      signed.verification.url,
    );
  }

  /** The holder presents document and signature: valid only for exactly the bytes that were issued. */
  async verifyPresented(address: string, dto: VerifyPresentedDto): Promise<VerificationResponse> {
    await this.admit(address);
    const canonical = presentedCanonicalJson(dto.document);
    if (canonical === undefined || !(await this.signer.verify(canonical, dto.signature))) return INVALID;
    const resultId = resultIdSchema.safeParse(dto.document.resultId);
    const issued = resultId.success ? await this.readModel.resultDocuments.find(resultId.data) : undefined;
    // Signed by this platform, and still the document it issued under that id.
    if (!issued || issued.canonical !== canonical) return INVALID;
    return { valid: true, result: publicFacts(JSON.parse(canonical) as ResultDocument) };
  }

  /** The QR code's link: the result's id and its signature, checked against the issued document. */
  async verifyById(address: string, resultId: string, signature: string): Promise<VerificationResponse> {
    await this.admit(address);
    const issued = await this.readModel.resultDocuments.find(resultId);
    if (!issued || !(await this.signer.verify(issued.canonical, signature))) return INVALID;
    return { valid: true, result: publicFacts(JSON.parse(issued.canonical) as ResultDocument) };
  }

  publicKeys() {
    return this.signer.publicJwks;
  }

  private async issue(entity: ClosedCase): Promise<ResultDocumentRow> {
    const definition = await this.definitions.get(entity);
    if (!definition)
      throw new Error(`No published definition ${entity.definitionKey}@${entity.definitionVersion}`);
    const departments = await this.readModel.staff.departments([
      ...new Set(definition.steps.map((step) => step.department)),
    ]);
    const issuedAt = new Date();
    const document = buildResultDocument({
      resultId: randomUUID(),
      issuer: this.config.auth.issuer,
      issuedAt,
      entity,
      definition,
      departmentNames: new Map(departments.map((d) => [d.code, { 'zh-CN': d.nameZh, en: d.nameEn }])),
    });
    const canonical = canonicalJson(document);
    // Two first downloads at once: both sign, the first insert stands and both answer it.
    return this.readModel.resultDocuments.issueOnce({
      id: document.resultId,
      caseId: entity.id,
      canonical,
      signature: await this.signer.sign(canonical),
      issuedAt,
    });
  }

  private verifyUrl(issued: ResultDocumentRow): string {
    return `${this.config.results.publicBaseUrl}/verify/${issued.id}?sig=${issued.signature}`;
  }

  private async admit(address: string): Promise<void> {
    const verdict = await this.throttle.admitRequest(`verify:${address}`);
    if (!verdict.allowed) {
      throw new ApiError(
        ApiErrorCode.TooManyRequests,
        'Too many verifications from this address',
        '',
        [],
        Math.ceil(verdict.retryAfterMs / 1000),
      );
    }
  }
}

const INVALID: VerificationResponse = { valid: false, result: null };

function isClosed(entity: CaseEntity): entity is ClosedCase {
  return entity.result !== null && entity.completedAt !== null;
}

/** The personal parts of a result document, by name: reasons and issued outputs, per department. */
function resultFields(document: ResultDocument): string[] {
  return [
    'decision',
    ...document.departments.flatMap((step) => [
      ...(step.reason ? [`reason.${step.department.code}`] : []),
      ...(step.outputs ?? []).map((output) => `outputs.${step.stepId}.${output.id}`),
    ]),
  ];
}
