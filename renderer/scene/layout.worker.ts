// Runs elkjs's layered layout off the main thread: the render loop keeps animating while elk thinks.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkAnswer, ElkRequest } from '../../shared/view/elk-graph';

export interface LayoutJob { job: number; request: ElkRequest }
export type LayoutJobResult = { job: number; answer: ElkAnswer } | { job: number; error: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutJob>) => void) | null;
  postMessage(message: LayoutJobResult): void;
}

const scope = self as unknown as WorkerScope;
const elk = new ELK();

scope.onmessage = (event) => {
  const { job, request } = event.data;
  elk
    .layout(request)
    .then((answer) => scope.postMessage({ job, answer: { children: (answer.children ?? []).map((c) => ({ id: c.id, x: c.x, y: c.y, width: c.width, height: c.height })) } }))
    .catch((error: unknown) => scope.postMessage({ job, error: String(error) }));
};
