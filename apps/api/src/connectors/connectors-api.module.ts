import { Module } from '@nestjs/common';
import { ConnectorsModule } from '@onething/connectors';
import { ConnectorsController } from './connectors.controller';

@Module({ imports: [ConnectorsModule], controllers: [ConnectorsController] })
export class ConnectorsApiModule {}
