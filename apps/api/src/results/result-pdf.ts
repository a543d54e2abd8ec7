import { readFileSync } from 'node:fs';
import { create as createFont, type FontkitFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { DocumentDepartmentDecision, ResultDocument } from './result-document';

/** Decisions in words, Chinese first (the notice's languages). */
const DECISION_WORDS: Record<string, string> = {
  approved: '通过 Approved',
  rejected: '未通过 Rejected',
  partial: '部分通过 Partly approved',
  failed: '未能办结 Could not be completed',
  withdrawn: '已撤回 Withdrawn',
  cancelled: '已取消 Cancelled',
  skipped: '无需办理 Not needed',
  blocked: '未办理 Not started',
};

export interface PdfFont {
  /** The font file (TTF, OTF, or a TTC collection) with Chinese glyphs. */
  path: string;
  /** The face inside a collection (its PostScript name); ignored for single-font files. */
  name: string;
}

const dateOf = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' }).format(new Date(iso));
const words = (decision: string) => DECISION_WORDS[decision] ?? decision;

/**
 * The printable result: every department's sub-decision and what it issued, the signature and a QR code
 * with the verification link. The font is parsed once per process (a CJK collection is ~20 MB; parsing
 * it per document cost about a second of CPU) and each PDF embeds the subset of glyphs it uses.
 */
export class ResultPdfRenderer {
  private parsedFont?: FontkitFont;

  constructor(private readonly font: PdfFont) {}

  async render(document: ResultDocument, signature: string, verifyUrl: string): Promise<Buffer> {
    const qr = await QRCode.toBuffer(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 360 });
    const pdf = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: `${document.oneThing.title['zh-CN']} 办理结果`, Creator: 'Onething' },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve, reject) => {
      pdf.on('end', () => resolve(Buffer.concat(chunks)));
      pdf.on('error', reject);
    });
    pdf.registerFont('cjk', this.fontObject());
    pdf.font('cjk');
    writeHeading(pdf, document);
    for (const department of document.departments) writeDepartment(pdf, department);
    writeSignature(pdf, document, signature, verifyUrl, qr);
    pdf.end();
    return done;
  }

  /** pdfkit takes fontkit's font object as a font source; its type declares only paths and bytes. */
  private fontObject(): Buffer {
    this.parsedFont ??= createFont(
      readFileSync(this.font.path),
      this.font.path.endsWith('.ttc') ? this.font.name : undefined,
    );
    return this.parsedFont as unknown as Buffer;
  }
}

function writeHeading(pdf: PDFKit.PDFDocument, document: ResultDocument): void {
  pdf.fontSize(20).text(`${document.oneThing.title['zh-CN']} 办理结果通知书`, { align: 'center' });
  pdf.fontSize(11).text(`${document.oneThing.title.en}: result`, { align: 'center' }).moveDown();
  pdf.fontSize(13).text(`办理结果 Result：${words(document.decision)}`);
  pdf
    .fontSize(10)
    .text(`结果编号 Result id：${document.resultId}`)
    .text(`申请编号 Case：${document.caseId.slice(0, 8)}`)
    .text(`提交日期 Submitted：${dateOf(document.submittedAt)}`)
    .text(`办结日期 Completed：${dateOf(document.completedAt)}`)
    .moveDown();
  pdf.fontSize(13).text('各部门办理情况 Each department’s decision').moveDown(0.3);
}

function writeDepartment(pdf: PDFKit.PDFDocument, step: DocumentDepartmentDecision): void {
  pdf
    .fontSize(11)
    .text(
      `${step.department.name['zh-CN']} · ${step.title['zh-CN']}（${step.title.en}）：${words(step.decision)}`,
    );
  pdf.fontSize(9);
  if (step.reason) pdf.text(`    理由 Reason：${step.reason}`);
  if (step.compensated) pdf.text('    已撤销 Undone');
  for (const output of step.outputs ?? []) {
    const value =
      typeof output.value === 'object' ? Object.values(output.value).join(' ') : String(output.value);
    pdf.text(`    ${output.label['zh-CN']} ${output.label.en}：${value}`);
  }
  pdf.moveDown(0.4);
}

function writeSignature(
  pdf: PDFKit.PDFDocument,
  document: ResultDocument,
  signature: string,
  verifyUrl: string,
  qr: Buffer,
): void {
  pdf.moveDown();
  pdf.fontSize(10).text(`签发 Issued by ${document.issuer}，${dateOf(document.issuedAt)}`);
  pdf.text('扫描二维码或访问以下地址核验本结果 Scan the code or open the link to verify this result:');
  pdf.fontSize(7).text(verifyUrl, { link: verifyUrl });
  // The code and its caption stay together on one page.
  if (pdf.y + 170 > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
  const top = pdf.y + 8;
  pdf.image(qr, pdf.page.margins.left, top, { width: 120 });
  pdf.y = top + 128;
  pdf.fontSize(6).text(`签名 Signature (JWS, detached): ${signature}`);
}
