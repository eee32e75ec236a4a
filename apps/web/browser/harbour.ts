/**
 * Progressive enhancement of the server-rendered pages. Everything here is optional: without it
 * the forms still post and the server does the same work. Nothing is kept in browser storage:
 * drafts go to the server only.
 */

const AUTOSAVE_DELAY_MS = 1200;

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function controlsNamed(form: HTMLFormElement | null, name: string): Control[] {
  if (!form) return [];
  return Array.from(form.elements).filter((el): el is Control => 'name' in el && (el as Control).name === name);
}

/** The values a question currently has, as the strings its controls carry. */
function currentValues(form: HTMLFormElement | null, name: string): string[] {
  return controlsNamed(form, name)
    .filter((c) => !(c instanceof HTMLInputElement && (c.type === 'radio' || c.type === 'checkbox') && !c.checked))
    .filter((c) => !c.disabled)
    .map((c) => c.value)
    .filter((v) => v !== '');
}

/** Shows a conditional question only when the answer it depends on matches; hides and disables it otherwise. */
function applyConditions(root: ParentNode): void {
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[data-when-field]'))) {
    const form = element.closest('form');
    const accepted = JSON.parse(element.dataset.whenValues ?? '[]') as string[];
    const shown = currentValues(form, element.dataset.whenField ?? '').some((v) => accepted.includes(v));
    element.hidden = !shown;
    for (const control of Array.from(element.querySelectorAll<Control>('input, select, textarea'))) {
      control.disabled = !shown;
    }
  }
}

function renumber(list: HTMLElement): void {
  Array.from(list.querySelectorAll<HTMLElement>(':scope > [data-entry]')).forEach((entry, i) => {
    for (const number of Array.from(entry.querySelectorAll<HTMLElement>('[data-entry-number]'))) {
      if (number.closest('[data-entry]') === entry) number.textContent = String(i + 1);
    }
  });
}

function nextIndex(list: HTMLElement, name: string): number {
  let max = -1;
  const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.([0-9]+)\\.`);
  for (const input of Array.from(list.querySelectorAll<Control>('[name]'))) {
    const match = pattern.exec(input.name);
    if (match?.[1]) max = Math.max(max, Number(match[1]));
  }
  return max + 1;
}

function enhanceLists(form: HTMLFormElement, changed: () => void): void {
  form.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    if (!target) return;
    const items = target.closest<HTMLElement>('[data-items]');
    if (!items) return;
    const list = items.querySelector<HTMLElement>('[data-entries]');
    if (!list) return;
    if (target.hasAttribute('data-add-entry')) {
      event.preventDefault();
      const template = items.querySelector<HTMLTemplateElement>('template[data-entry-template]');
      if (!template) return;
      const index = String(nextIndex(list, items.dataset.items ?? ''));
      const markup = template.innerHTML.replace(/__INDEX__/g, index);
      list.insertAdjacentHTML('beforeend', markup);
      renumber(list);
      applyConditions(list);
      const added = list.lastElementChild;
      added?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea')?.focus();
      changed();
    } else if (target.hasAttribute('data-remove-entry')) {
      event.preventDefault();
      target.closest('[data-entry]')?.remove();
      renumber(list);
      items.querySelector<HTMLElement>('[data-add-entry]')?.focus();
      changed();
    }
  });
}

type SaveState = 'saving' | 'saved' | 'offline' | 'failed';

function enhanceAutosave(form: HTMLFormElement): () => void {
  const url = form.dataset.autosave;
  const status = form.querySelector<HTMLElement>('[data-save-status]');
  const revision = form.querySelector<HTMLInputElement>('[data-revision]');
  if (!url) return () => {};
  let timer: number | undefined;
  let pending = false;
  let inFlight = false;

  const show = (state: SaveState, detail = '') => {
    if (!status) return;
    status.dataset.state = state;
    const time = new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    status.textContent = {
      saving: 'Saving…',
      saved: `Saved at ${time}`,
      offline: 'Offline — will save when you are back online',
      failed: `Could not save${detail ? `: ${detail}` : ''}`,
    }[state];
  };

  const save = async (): Promise<void> => {
    if (inFlight) {
      pending = true;
      return;
    }
    if (!navigator.onLine) {
      pending = true;
      show('offline');
      return;
    }
    pending = false;
    inFlight = true;
    show('saving');
    const body = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === 'string') body.append(key, value);
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
        redirect: 'manual',
      });
      if (response.type === 'opaqueredirect') {
        show('failed', 'you are signed out; sign in again in another tab, then keep typing');
      } else if (response.ok) {
        const saved = (await response.json()) as { revision?: number };
        if (revision && saved.revision !== undefined) revision.value = String(saved.revision);
        show('saved');
      } else {
        const problem = (await response.json().catch(() => ({}))) as { message?: string };
        show('failed', problem.message ?? `error ${response.status}`);
      }
    } catch {
      pending = true;
      show('offline');
    } finally {
      inFlight = false;
    }
    if (pending && navigator.onLine) void save();
  };

  const changed = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  window.addEventListener('online', () => {
    if (pending) void save();
  });
  window.addEventListener('offline', () => {
    if (pending || timer !== undefined) show('offline');
  });
  form.addEventListener('submit', () => window.clearTimeout(timer));
  return changed;
}

function enhanceCopyButtons(): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-copy]'))) {
    const input = document.getElementById(button.dataset.copy ?? '') as HTMLInputElement | null;
    const status = document.querySelector<HTMLElement>('[data-copy-status]');
    if (!input) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        if (status) status.textContent = 'Link copied.';
      } catch {
        if (status) status.textContent = 'Copy the selected link with Ctrl+C (or Cmd+C).';
      }
    });
  }
}

const PROGRESS_POLL_MS = 1000;

/**
 * A check or import running on the server: its progress is asked for every second and shown in
 * place; once it has finished the page is loaded again to show the outcome. (Without the script,
 * the page refreshes itself.)
 */
function followProgress(): void {
  const panel = document.querySelector<HTMLElement>('[data-import-progress]');
  const url = panel?.dataset.importProgress;
  if (!panel || !url) return;
  const bar = panel.querySelector('progress');
  const text = panel.querySelector<HTMLElement>('[data-progress-text]');
  const poll = async () => {
    try {
      // signed out meanwhile: the redirect is not followed, and the page is loaded again to show it
      const response = await fetch(url, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
        redirect: 'manual',
      });
      if (!response.ok) return void window.location.reload();
      const job = (await response.json()) as {
        state: string;
        progress: { phase: string; done: number; total: number | null } | null;
      };
      if (job.state !== 'checking' && job.state !== 'importing') return void window.location.reload();
      const progress = job.progress;
      if (progress && bar && text) {
        const doing = job.state === 'importing' ? 'Importing' : 'Checking';
        if (progress.total) {
          bar.max = progress.total;
          bar.value = progress.done;
        }
        const count = (n: number) => n.toLocaleString('en-GB');
        text.textContent =
          progress.phase === 'reading'
            ? `Reading the file: ${count(progress.done)} rows read`
            : `${doing}: ${count(progress.done)} of ${count(progress.total ?? 0)} rows`;
      }
    } catch {
      // offline for a moment: ask again at the next tick
    }
    window.setTimeout(() => void poll(), PROGRESS_POLL_MS);
  };
  window.setTimeout(() => void poll(), PROGRESS_POLL_MS);
}

function start(): void {
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form'))) {
    const changed = enhanceAutosave(form);
    enhanceLists(form, changed);
    form.addEventListener('change', () => applyConditions(form));
  }
  applyConditions(document);
  enhanceCopyButtons();
  followProgress();
  document.querySelector<HTMLElement>('[data-error-summary]')?.focus();
  document.documentElement.classList.add('js');
}

start();
