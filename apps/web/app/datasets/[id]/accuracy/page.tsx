import type { Metadata } from 'next';
import { LiveAccuracyView } from '../../../../features/accuracy/components/live-accuracy-view';

export const metadata: Metadata = { title: 'Live accuracy' };

export default async function LiveAccuracyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <LiveAccuracyView datasetId={id} />;
}
