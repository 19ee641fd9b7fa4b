'use client';

import { useInterval, useResource } from '../../../lib/use-resource';
import { useCanWrite, ViewerNote } from '../../auth/components/session-provider';
import { listDatasets } from '../api/datasets.api';
import { DatasetList } from './dataset-list';
import { UploadForm } from './upload-form';

export function DatasetsView() {
  const datasets = useResource('datasets', listDatasets);
  const canWrite = useCanWrite();
  // Refresh while any dataset is still being ingested, so its status and profile fill in without a reload.
  const ingesting = datasets.data?.some((d) => d.status === 'ingesting') ?? false;
  useInterval(datasets.reload, 2000, ingesting);

  return (
    <>
      <header className="page-header">
        <h1>Datasets</h1>
      </header>
      {canWrite ? <UploadForm onUploaded={datasets.reload} /> : <ViewerNote>uploading datasets is for members.</ViewerNote>}
      <DatasetList datasets={datasets} />
    </>
  );
}
