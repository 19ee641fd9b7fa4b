import { Module } from '@nestjs/common';
import { QueueBoard } from './queue-board';

/** The operator's queue board (mounted outside the Nest router by create-app.ts). */
@Module({ providers: [QueueBoard], exports: [QueueBoard] })
export class AdminModule {}
