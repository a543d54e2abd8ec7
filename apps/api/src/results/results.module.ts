import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Throttle } from '@onething/auth';
import { APP_CONFIG, type AppConfig } from '@onething/config';
import { PinnedDefinitionsModule } from '@onething/orchestration';
import { ResultPdfRenderer } from './result-pdf';
import { ResultSigner } from './result-signer';
import { CaseResultController, VerifyController } from './results.controller';
import { RESULT_SIGNER, ResultsService, VERIFY_THROTTLE } from './results.service';

@Module({
  imports: [PinnedDefinitionsModule],
  controllers: [CaseResultController, VerifyController],
  providers: [
    ResultsService,
    {
      provide: RESULT_SIGNER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ResultSigner.load(config),
    },
    {
      provide: ResultPdfRenderer,
      inject: [APP_CONFIG],
      useFactory: ({ results }: AppConfig) =>
        new ResultPdfRenderer({ path: results.pdfFont, name: results.pdfFontName }),
    },
    {
      // Its own budget (`verify:<address>` counters), apart from sign-in's.
      provide: VERIFY_THROTTLE,
      inject: [DataSource, APP_CONFIG],
      useFactory: (dataSource: DataSource, { results, auth }: AppConfig) =>
        new Throttle(dataSource, {
          perMinute: results.verifyRateLimitPerMinute,
          accountFreeFailures: auth.accountFreeFailures,
          addressFreeFailures: auth.addressFreeFailures,
          baseDelayMs: auth.failureDelayMs,
          maxDelayMs: auth.maxFailureDelayMs,
        }),
    },
  ],
})
export class ResultsModule {}
