import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';

/** Uploads (multipart, streamed), appended rows, previews, series and their values. */
@Module({ imports: [AuthModule], controllers: [DatasetsController], providers: [DatasetsService] })
export class DatasetsModule {}
