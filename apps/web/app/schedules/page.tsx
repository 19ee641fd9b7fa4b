import type { Metadata } from 'next';
import { SchedulesView } from '../../features/schedules/components/schedules-view';

export const metadata: Metadata = { title: 'Schedules' };

/** `?datasetId=` starts the new schedule on that dataset ("Schedule retraining" on a dataset's page). */
export default async function SchedulesPage({ searchParams }: { searchParams: Promise<{ datasetId?: string }> }) {
  const { datasetId } = await searchParams;
  return <SchedulesView datasetId={typeof datasetId === 'string' && datasetId ? datasetId : undefined} />;
}
