// What a rehearsal puts on screen besides the strip: a never-live frame, the step the script is at, the
// prompt with its choice buttons, and the debrief at the end. All text through textContent (dom.ts).
import { formatOffset } from '../../shared/scenario/duration';
import { whatifParam } from '../../shared/whatif/deep-link';
import type { ScenarioStatus } from '../../shared/scenario/status';
import { el } from './dom';

export interface ScenarioElements {
  frame: HTMLElement;
  step: HTMLElement;
  prompt: HTMLElement;
  debrief: HTMLElement;
}

export function createScenarioElements(parent: HTMLElement): ScenarioElements {
  const frame = el('div', 'scenario-frame');
  frame.id = 'scenario-frame';
  frame.setAttribute('aria-hidden', 'true');
  const step = el('div', 'scenario-step');
  step.id = 'scenario-step';
  step.setAttribute('role', 'status');
  const prompt = el('section', 'scenario-prompt');
  prompt.id = 'scenario-prompt';
  prompt.setAttribute('aria-label', 'Rehearsal prompt');
  const debrief = el('section', 'scenario-debrief');
  debrief.id = 'scenario-debrief';
  debrief.setAttribute('aria-label', 'Rehearsal debrief');
  for (const node of [frame, step, prompt, debrief]) node.hidden = true;
  parent.append(frame, step, prompt, debrief);
  return { frame, step, prompt, debrief };
}

export function renderStep(root: HTMLElement, status: ScenarioStatus): void {
  const tag = el('span', 'scenario-tag', 'REHEARSAL');
  const where = el('span', 'scenario-where', ` ${status.name} · ${status.ended ? 'ended' : `step ${status.stepIndex}${status.step ? ` (${status.step})` : ''}`} · +${formatOffset(status.elapsedMs)}`);
  // The latest thing that happened in the world (a step's note or action, a drain step), not a prompt's text.
  let latest: string | null = null;
  for (const entry of status.timeline) if (entry.kind === 'step' || entry.kind === 'evacuation') latest = entry.text;
  const note = el('div', 'scenario-note', latest ?? status.summary ?? status.title);
  root.replaceChildren(tag, where, note);
}

/** The prompt card; `onChoose` is called with the choice id when its button is clicked. */
export function renderPrompt(root: HTMLElement, status: ScenarioStatus, error: string | null, onChoose: (prompt: string, choice: string) => void): void {
  const prompt = status.prompt;
  if (!prompt) return;
  const head = el('div', 'scenario-prompt-head', 'REHEARSAL · your call');
  const text = el('p', 'scenario-prompt-text', prompt.text);
  const choices = el('div', 'scenario-choices');
  for (const choice of prompt.choices) {
    const button = el('button', 'scenario-choice', choice.label);
    button.type = 'button';
    button.dataset['choice'] = choice.id;
    button.addEventListener('click', () => onChoose(prompt.id, choice.id));
    choices.append(button);
  }
  const parts: HTMLElement[] = [head, text, choices];
  // A choice that drains a region can be looked at first: the evacuation what-if of the world as it is now.
  const previews = el('div', 'scenario-previews');
  for (const choice of prompt.choices) {
    if (choice.drains.length === 0) continue;
    const button = el('button', 'scenario-preview', `Preview “${choice.label}” as a what-if`);
    button.type = 'button';
    button.dataset['preview'] = choice.id;
    button.addEventListener('click', () => {
      const at = location.hash.indexOf('?');
      const path = at < 0 ? location.hash || '#/' : location.hash.slice(0, at);
      location.hash = `${path}?whatif=${whatifParam({ drain: choice.drains })}`;
    });
    previews.append(button);
  }
  if (previews.childElementCount > 0) parts.push(previews);
  parts.push(el('div', 'scenario-deadline'));
  parts.push(el('div', 'scenario-wall-hint', 'Answer this prompt on a display that is not in wall mode.'));
  if (error !== null) parts.push(el('div', 'scenario-error', error));
  root.replaceChildren(...parts);
}

/** The countdown to the default choice, updated in place so the buttons are never rebuilt under a click. */
export function renderDeadline(root: HTMLElement, status: ScenarioStatus, now: number): void {
  const prompt = status.prompt;
  const node = root.querySelector('.scenario-deadline');
  if (!prompt || !(node instanceof HTMLElement)) return;
  if (prompt.deadlineMs === null || prompt.defaultChoice === null) {
    node.hidden = true;
    return;
  }
  const left = Math.max(0, Date.parse(status.startedAt) + prompt.deadlineMs - now);
  const label = prompt.choices.find((c) => c.id === prompt.defaultChoice)?.label ?? prompt.defaultChoice;
  node.hidden = false;
  node.textContent = `No answer in ${formatOffset(left)} → “${label}”`;
}

const KIND_LABEL: Record<ScenarioStatus['timeline'][number]['kind'], string> = {
  step: 'step',
  prompt: 'asked',
  choice: 'you chose',
  timeout: 'no answer',
  evacuation: 'traffic',
  end: 'end',
};

export function renderDebrief(root: HTMLElement, status: ScenarioStatus, onClose: () => void): void {
  const head = el('div', 'scenario-debrief-head');
  head.append(el('span', 'scenario-tag', 'REHEARSAL'), el('h2', 'scenario-debrief-title', `Debrief · ${status.title}`));
  const close = el('button', 'scenario-close', 'Close');
  close.type = 'button';
  close.addEventListener('click', onClose);
  head.append(close);
  const source = el('p', 'scenario-source');
  const link = el('a', 'scenario-source-link', status.source.title);
  link.href = status.source.url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  source.append('Written from ', link, status.source.published ? ` (${status.source.published})` : '');

  const choices = el('ol', 'scenario-debrief-choices');
  for (const c of status.choices) {
    const item = el('li', c.timedOut ? 'scenario-chosen timed-out' : 'scenario-chosen');
    item.append(el('div', 'scenario-chosen-q', `+${formatOffset(c.atMs)} ${c.promptText}`), el('div', 'scenario-chosen-a', c.timedOut ? `No answer: “${c.label}” was taken` : `You chose “${c.label}”`));
    if (c.feedback) item.append(el('div', 'scenario-chosen-feedback', c.feedback));
    choices.append(item);
  }
  const timeline = el('ol', 'scenario-timeline');
  for (const entry of status.timeline) {
    const item = el('li', `scenario-event ${entry.kind}`);
    item.append(el('span', 'scenario-event-at', `+${formatOffset(entry.atMs)}`), el('span', 'scenario-event-kind', KIND_LABEL[entry.kind]), el('span', 'scenario-event-text', entry.text));
    timeline.append(item);
  }
  const parts: HTMLElement[] = [head, source];
  if (status.choices.length > 0) parts.push(el('h3', 'scenario-debrief-sub', 'Your decisions'), choices);
  parts.push(el('h3', 'scenario-debrief-sub', 'What happened'), timeline);
  if (status.debrief) parts.push(el('h3', 'scenario-debrief-sub', 'From the write-up'), el('p', 'scenario-lesson', status.debrief));
  root.replaceChildren(...parts);
}
