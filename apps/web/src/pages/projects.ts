/**
 * Funders and projects: the manager's list of the service's projects, the form that defines or
 * changes one (name, funder, dates, the workers and roles whose cases it takes, the sections of
 * its report), and the project choice that the case, dashboard and reports pages show.
 */
import type { Member } from '@harbour/contract';
import { type Html, html } from '@harbour/html';
import { ROLE_NAMES } from '../case-types';
import {
  type FieldProblem,
  fieldClass,
  fieldError,
  fieldErrorSummary,
  fieldId,
  invalid,
  type Me,
  type Notice,
  page,
} from '../layout';

export type Project = {
  id: string;
  name: string;
  funder: string | null;
  startsOn: string;
  endsOn: string | null;
  sections: string[];
  workerIds: string[];
  practitionerRoles: string[];
};

/** What the form holds: a project as the manager typed it, before the API has accepted it. */
export type ProjectDraft = Omit<Project, 'id'>;

export type ReportSection = { key: string; title: string };

export type { FieldProblem };

export const EMPTY_DRAFT: ProjectDraft = {
  name: '',
  funder: null,
  startsOn: '',
  endsOn: null,
  sections: [],
  workerIds: [],
  practitionerRoles: [],
};

/** The fields of the form by the API's pointers, as the error summary names them. */
export const PROJECT_FIELDS: Record<string, string> = {
  '/name': 'Name',
  '/funder': 'Funder',
  '/startsOn': 'Start date',
  '/endsOn': 'End date',
  '/workerIds': 'Workers',
  '/practitionerRoles': 'Practitioner roles',
  '/sections': 'Report sections',
};

const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDate = (iso: string) => date.format(new Date(`${iso}T00:00:00Z`));

const errorOf = (errors: FieldProblem[], pointer: string) => fieldError(errors, pointer, PROJECT_FIELDS[pointer] ?? '');

function inputField(
  errors: FieldProblem[],
  field: { pointer: string; label: string; type: 'text' | 'date'; value: string; help?: string },
): Html {
  const id = fieldId(field.pointer);
  return html`<div class="${fieldClass(errors, field.pointer)}"><label for="${id}">${field.label}</label>
    ${field.help ? html`<p class="help">${field.help}</p>` : ''}
    ${errorOf(errors, field.pointer)}
    <input type="${field.type}" id="${id}" name="${field.pointer.slice(1)}" value="${field.value}"${
      field.type === 'date' ? html` class="input--date"` : html` maxlength="200"`
    }${invalid(errors, field.pointer)}></div>`;
}

function checkboxes(
  errors: FieldProblem[],
  group: { pointer: string; legend: string; help: string; options: [string, string][]; checked: string[] },
): Html {
  const name = group.pointer.slice(1);
  return html`<div class="${fieldClass(errors, group.pointer)}"><fieldset id="${fieldId(group.pointer)}"${invalid(errors, group.pointer)}>
    <legend>${group.legend}</legend><p class="help">${group.help}</p>${errorOf(errors, group.pointer)}
    <div class="choices">${group.options.map(
      ([value, label]) =>
        html`<div class="choice"><input type="checkbox" id="${fieldId(group.pointer)}-${value}" name="${name}" value="${value}"${
          group.checked.includes(value) ? html` checked` : ''
        }><label for="${fieldId(group.pointer)}-${value}">${label}</label></div>`,
    )}</div></fieldset></div>`;
}

/** The form that defines (no id) or changes a project; without JavaScript, the server checks it. */
export function projectForm(options: {
  action: string;
  submit: string;
  draft: ProjectDraft;
  errors: FieldProblem[];
  members: Member[];
  sections: ReportSection[];
}): Html {
  const { draft, errors } = options;
  const practitioners = options.members.filter((m) => m.role === 'practitioner');
  return html`${fieldErrorSummary(errors, PROJECT_FIELDS)}
    <form method="post" action="${options.action}" class="stack" novalidate>
      ${inputField(errors, { pointer: '/name', label: 'Name', type: 'text', value: draft.name })}
      ${inputField(errors, { pointer: '/funder', label: 'Funder (optional)', type: 'text', value: draft.funder ?? '' })}
      ${inputField(errors, {
        pointer: '/startsOn',
        label: 'Start date',
        type: 'date',
        value: draft.startsOn,
        help: 'Cases of its workers and roles count when they were opened on or after this day.',
      })}
      ${inputField(errors, { pointer: '/endsOn', label: 'End date (optional)', type: 'date', value: draft.endsOn ?? '' })}
      ${checkboxes(errors, {
        pointer: '/workerIds',
        legend: 'Workers whose cases it takes',
        help: 'Their cases opened within the dates, unless a case is assigned to a project on its own page.',
        options: practitioners.map((m) => [m.userId, m.name]),
        checked: draft.workerIds,
      })}
      ${checkboxes(errors, {
        pointer: '/practitionerRoles',
        legend: 'Practitioner roles whose cases it takes',
        help: 'The cases of every worker in these roles, opened within the dates.',
        options: Object.entries(ROLE_NAMES),
        checked: draft.practitionerRoles,
      })}
      ${checkboxes(errors, {
        pointer: '/sections',
        legend: 'Sections of its report',
        help: 'The sections the funder wants; none ticked shows every section.',
        options: options.sections.map((s) => [s.key, s.title]),
        checked: draft.sections,
      })}
      <button type="submit" class="button">${options.submit}</button>
    </form>`;
}

/** Whose cases a project takes, in words. */
function takes(project: Project, members: Member[]): string {
  const workers = project.workerIds.map((id) => members.find((m) => m.userId === id)?.name ?? 'a former member');
  const roles = project.practitionerRoles.map((role) => ROLE_NAMES[role] ?? role);
  const all = [...workers, ...roles];
  return all.length ? all.join(', ') : 'Only cases assigned on their own page';
}

function datesText(project: Project): string {
  return project.endsOn
    ? `${shortDate(project.startsOn)} to ${shortDate(project.endsOn)}`
    : `From ${shortDate(project.startsOn)}`;
}

export function projectsPage(options: {
  me: Me;
  projects: Project[];
  members: Member[];
  sections: ReportSection[];
  draft: ProjectDraft;
  errors: FieldProblem[];
  notice?: Notice;
}): Html {
  const { projects, members, sections } = options;
  const titleOf = (key: string) => sections.find((s) => s.key === key)?.title ?? key;
  return page({
    title: 'Projects',
    me: options.me,
    path: '/projects',
    notice: options.notice,
    body: html`<h1>Projects</h1>
      <p class="lead">A project is a grant's slice of the service: its reports, CSV and dashboard count only its cases.
        A case belongs to the project it is assigned to on its own page, or else to the projects of its worker and practitioner role.</p>
      ${
        projects.length
          ? html`<table class="table" data-projects><caption class="visually-hidden">The service's projects</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Funder</th><th scope="col">Dates</th><th scope="col">Takes the cases of</th><th scope="col">Report sections</th></tr></thead>
        <tbody>${projects.map(
          (p) => html`<tr data-project="${p.id}"><th scope="row"><a href="/projects/${p.id}">${p.name}</a></th>
            <td>${p.funder ?? ''}</td><td>${datesText(p)}</td><td>${takes(p, members)}</td>
            <td>${p.sections.length ? p.sections.map(titleOf).join(', ') : 'All'}</td></tr>`,
        )}</tbody></table>`
          : html`<p class="empty">No projects yet.</p>`
      }
      <section class="panel" aria-labelledby="new-project"><h2 id="new-project">Define a project</h2>
        ${projectForm({ action: '/projects', submit: 'Define project', draft: options.draft, errors: options.errors, members, sections })}
      </section>`,
  });
}

export function projectPage(options: {
  me: Me;
  project: Project;
  draft: ProjectDraft;
  errors: FieldProblem[];
  members: Member[];
  sections: ReportSection[];
}): Html {
  const { project } = options;
  return page({
    title: project.name,
    me: options.me,
    path: '/projects',
    body: html`<nav aria-label="Breadcrumb" class="breadcrumbs"><ol><li><a href="/projects">Projects</a></li><li aria-current="page">${project.name}</li></ol></nav>
      <h1>${project.name}</h1>
      <p><a href="/dashboard?projectId=${project.id}">Its dashboard</a> · <a href="/reports?period=last_financial_year&amp;projectId=${project.id}">Its report for the last financial year</a></p>
      ${projectForm({
        action: `/projects/${project.id}`,
        submit: 'Save changes',
        draft: options.draft,
        errors: options.errors,
        members: options.members,
        sections: options.sections,
      })}`,
  });
}

/** The project filter of the dashboard and reports pages: every case, or one project's. */
export function projectSelect(projects: Project[], selected: string | undefined): Html {
  if (!projects.length) return html``;
  return html`<div class="field"><label for="projectId">Project</label>
    <select id="projectId" name="projectId"><option value="">All cases</option>
    ${projects.map((p) => html`<option value="${p.id}"${selected === p.id ? html` selected` : ''}>${p.name}</option>`)}</select></div>`;
}

/** The case page's project field (managers): the case's own project, or its worker's and role's. */
export function caseProjectPanel(caseId: string, projects: Project[], selected: string | null): Html {
  return html`<section class="panel" aria-labelledby="project-title"><h2 id="project-title">Project</h2>
    <form method="post" action="/cases/${caseId}/project" class="filters">
      <div class="field"><label for="case-project">Project of this case</label>
        <p class="help" id="case-project-hint">Without a project of its own, the case counts in the projects of its worker and practitioner role.</p>
        <select id="case-project" name="projectId" aria-describedby="case-project-hint"><option value="">None of its own</option>
        ${projects.map((p) => html`<option value="${p.id}"${selected === p.id ? html` selected` : ''}>${p.name}</option>`)}</select></div>
      <button type="submit" class="button button--secondary">Save project</button>
    </form></section>`;
}
