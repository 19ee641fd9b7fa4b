import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { idParam, listSeriesQuery, previewQuery } from '@foretell/contracts';
import type { CsvPreview, Dataset, DatasetSummary, DatasetUpload, SeriesPoints, SeriesSummary } from '@foretell/contracts';
import { CurrentActor, type Actor } from '../auth/actor';
import { API_ENV, type ApiEnv } from '../env';
import { CachedRead } from '../infra/read-cache';
import { previewUpload } from './dataset-preview';
import { DatasetsService } from './datasets.service';

const uuid = idParam('a dataset');

@Controller('datasets')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  @Post()
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Dataset> {
    const { status, dataset } = await this.datasets.upload(actor, req);
    res.status(status);
    return dataset;
  }

  /** The body is the first part of a CSV (text, at most 256 KB); the answer what an upload would detect and refuse. */
  @Post('preview')
  @HttpCode(200)
  preview(@Req() req: Request, @Query({ schema: previewQuery }) query: z.infer<typeof previewQuery>): Promise<CsvPreview> {
    return previewUpload(req, query.mapping, this.env.UPLOAD_MAX_SERIES);
  }

  /** Multipart like POST /datasets (the file only): rows for the dataset's series, read with its columns. */
  @Post(':id/rows')
  async appendRows(@CurrentActor() actor: Actor,
    @Param('id', { schema: uuid }) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DatasetUpload> {
    const { status, upload } = await this.datasets.appendRows(actor, id, req);
    res.status(status);
    return upload;
  }

  @Get(':id/uploads')
  listUploads(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<DatasetUpload[]> {
    return this.datasets.listUploads(actor, id);
  }

  @Get()
  list(@CurrentActor() actor: Actor): Promise<DatasetSummary[]> {
    return this.datasets.list(actor);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<Dataset> {
    return this.datasets.get(actor, id);
  }

  @Get(':id/series')
  listSeries(@CurrentActor() actor: Actor,
    @Param('id', { schema: uuid }) id: string,
    @Query({ schema: listSeriesQuery }) query: z.infer<typeof listSeriesQuery>,
  ): Promise<SeriesSummary[]> {
    return this.datasets.listSeries(actor, id, query);
  }

  @Get(':id/series/:key')
  @CachedRead()
  getSeries(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string, @Param('key') key: string): Promise<SeriesPoints> {
    return this.datasets.getSeries(actor, id, key);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<void> {
    await this.datasets.remove(actor, id);
  }
}
