import { Module } from '@nestjs/common';
import { AuthModule } from '@onething/auth';
import { AccountReads } from '../admin/account-reads.service';
import { AdminController } from '../admin/admin.controller';
import { MeController } from '../me/me.controller';
import { SessionController } from '../web/session.controller';
import { AuthController } from './auth.controller';

/** The identity HTTP surface; the guard and services come from `@onething/auth`. */
@Module({
  imports: [AuthModule.forRoot()],
  controllers: [AuthController, SessionController, MeController, AdminController],
  providers: [AccountReads],
})
export class IdentityApiModule {}
