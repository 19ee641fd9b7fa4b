import type { Metadata } from 'next';
import { ModelsView } from '../../features/models/components/models-view';

export const metadata: Metadata = { title: 'Models' };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<{ datasetId?: string }> }) {
  const { datasetId } = await searchParams;
  return <ModelsView datasetId={typeof datasetId === 'string' && datasetId ? datasetId : undefined} />;
}
