/**
 * One renderer for every form of every module: questions come from the form's JSON Schema and
 * UI hints, so a new module's forms appear without a change here. The markup works without
 * JavaScript; `data-*` attributes let the browser script show conditional questions and add or
 * remove entries of a list.
 */
import type { FieldHint, JsonSchema, UiHints } from '@harbour/forms';
import { ENTRY_MARKER } from './form-answers';
import { conditionValues, itemsOf, kindOf, optionsOf, orderedKeys, propertiesOf, requiredOf } from './form-schema';
import { Html, html } from './html';

/** Field errors by JSON pointer into the answers (`/age`, `/children/1/child_ref`). */
export type FieldErrors = Record<string, string>;

/**
 * A client questionnaire's wording in the client's language (the API's `inLanguage`), shown with
 * the English for a practitioner who enters or reads the client's answers.
 */
export type WordingBeside = {
  lang: string;
  dir: 'ltr' | 'rtl';
  labels: Record<string, string>;
  legends: Record<string, string>;
};

/** The client's wording first, in its own language and direction, then the English. */
function beside(english: string, translated: string | undefined, wording: WordingBeside | undefined): Html {
  if (!wording || translated === undefined) return html`${english}`;
  return html`<span lang="${wording.lang}" dir="${wording.dir}">${translated}</span> <span class="in-english">${english}</span>`;
}

type Place = { name: string; pointer: string; id: string };

const INDEX_TOKEN = '__INDEX__';

function placeOf(prefix: string, key: string): Place {
  const name = `${prefix}${key}`;
  return { name, pointer: `/${name.replace(/\./g, '/')}`, id: `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}` };
}

/** The id of the control an error summary links to for a pointer. */
export function controlIdFor(pointer: string): string {
  return `f-${pointer.slice(1).replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function describedBy(place: Place, hint: FieldHint | undefined, error: string | undefined): string | undefined {
  const ids = [hint?.help ? `${place.id}-hint` : '', error ? `${place.id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function helpAndError(place: Place, hint: FieldHint | undefined, error: string | undefined): Html {
  return html`${hint?.help ? html`<p class="help" id="${place.id}-hint">${hint.help}</p>` : ''}${
    error
      ? html`<p class="field-error" id="${place.id}-error"><span class="visually-hidden">Error:</span> ${error}</p>`
      : ''
  }`;
}

function conditionAttributes(prefix: string, hint: FieldHint | undefined): Html {
  const when = hint?.showWhen;
  if (!when) return html``;
  return html` data-when-field="${prefix}${when.field}" data-when-values="${JSON.stringify(conditionValues(when))}"`;
}

function choiceList(
  place: Place,
  type: 'radio' | 'checkbox',
  options: [string, string][],
  selected: string[],
  aria: string | undefined,
  inline: boolean,
): Html {
  return html`<div class="choices${inline ? ' choices--inline' : ''}">${options.map(
    ([code, label], i) => html`<div class="choice">
      <input type="${type}" id="${i === 0 ? place.id : `${place.id}-${code}`}" name="${place.name}" value="${code}"${
        selected.includes(code) ? html` checked` : ''
      }${aria ? html` aria-describedby="${aria}"` : ''}>
      <label for="${i === 0 ? place.id : `${place.id}-${code}`}">${label}</label>
    </div>`,
  )}</div>`;
}

function fieldset(place: Place, legend: Html, body: Html, extra: Html, error: string | undefined): Html {
  return html`<div class="field${error ? ' field--error' : ''}" data-field="${place.name}"${extra}>
    <fieldset><legend>${legend}</legend>${body}</fieldset></div>`;
}

function labelled(place: Place, label: Html, body: Html, extra: Html, error: string | undefined): Html {
  return html`<div class="field${error ? ' field--error' : ''}" data-field="${place.name}"${extra}>
    <label for="${place.id}">${label}</label>${body}</div>`;
}

function textValue(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function renderField(
  key: string,
  schema: JsonSchema,
  hint: FieldHint | undefined,
  value: unknown,
  errors: FieldErrors,
  prefix: string,
  required: boolean,
  wording: WordingBeside | undefined,
): Html {
  const place = placeOf(prefix, key);
  const error = errors[place.pointer];
  const label = html`${beside(hint?.label ?? key, wording?.labels[key], wording)}${required ? '' : ' (optional)'}`;
  const aria = describedBy(place, hint, error);
  const ariaAttr = aria ? html` aria-describedby="${aria}"` : '';
  const invalid = error ? html` aria-invalid="true"` : '';
  const when = conditionAttributes(prefix, hint);
  const notes = helpAndError(place, hint, error);
  const kind = kindOf(schema, hint);
  switch (kind) {
    case 'items':
      return renderItems(place, schema, hint, value, errors, label, notes, when, error);
    case 'boolean': {
      const selected = value === true ? ['true'] : value === false ? ['false'] : [];
      const options: [string, string][] = [
        ['true', 'Yes'],
        ['false', 'No'],
      ];
      return fieldset(
        place,
        label,
        html`${notes}${choiceList(place, 'radio', options, selected, aria, true)}`,
        when,
        error,
      );
    }
    case 'choice': {
      const options = optionsOf(schema, hint);
      const current = textValue(value);
      if (hint?.widget === 'select' || (hint?.widget !== 'radio' && options.length > 8)) {
        return labelled(
          place,
          label,
          html`${notes}<select id="${place.id}" name="${place.name}"${ariaAttr}${invalid}>
            <option value="">Choose an answer</option>
            ${options.map(([code, text]) => html`<option value="${code}"${code === current ? html` selected` : ''}>${text}</option>`)}
          </select>`,
          when,
          error,
        );
      }
      return fieldset(
        place,
        label,
        html`${notes}${choiceList(place, 'radio', options, [current], aria, options.length <= 4)}`,
        when,
        error,
      );
    }
    case 'choices': {
      const selected = Array.isArray(value) ? value.map(String) : [];
      return fieldset(
        place,
        label,
        html`${notes}${choiceList(place, 'checkbox', optionsOf(itemsOf(schema), hint), selected, aria, false)}`,
        when,
        error,
      );
    }
    case 'scale': {
      const min = (schema.minimum as number | undefined) ?? 0;
      const max = (schema.maximum as number | undefined) ?? 10;
      const options: [string, string][] = [];
      for (let n = min; n <= max; n++) options.push([String(n), String(n)]);
      const ends = hint?.scaleLabels
        ? html`<p class="scale-ends"><span>${min}: ${hint.scaleLabels.min}</span><span>${max}: ${hint.scaleLabels.max}</span></p>`
        : '';
      return fieldset(
        place,
        label,
        html`${notes}${ends}${choiceList(place, 'radio', options, [textValue(value)], aria, true)}`,
        when,
        error,
      );
    }
    case 'textarea':
      return labelled(
        place,
        label,
        html`${notes}<textarea id="${place.id}" name="${place.name}" rows="5"${
          schema.maxLength ? html` maxlength="${schema.maxLength}"` : ''
        }${ariaAttr}${invalid}>${textValue(value)}</textarea>`,
        when,
        error,
      );
    default: {
      const type = kind === 'date' ? 'date' : 'text';
      const numeric = kind === 'integer' || kind === 'number';
      return labelled(
        place,
        label,
        html`${notes}<input type="${type}" id="${place.id}" name="${place.name}" value="${textValue(value)}"${
          numeric ? html` inputmode="numeric" class="input--short"` : ''
        }${kind === 'date' ? html` class="input--date"` : ''}${ariaAttr}${invalid} autocomplete="off">`,
        when,
        error,
      );
    }
  }
}

function renderEntry(
  place: Place,
  index: string,
  schema: JsonSchema,
  hint: FieldHint | undefined,
  entry: Record<string, unknown>,
  errors: FieldErrors,
): Html {
  const prefix = `${place.name}.${index}.`;
  const number = index === INDEX_TOKEN ? '' : String(Number(index) + 1);
  return html`<li class="entry" data-entry>
    <fieldset><legend>Entry <span data-entry-number>${number}</span></legend>
      <input type="hidden" name="${prefix}${ENTRY_MARKER}" value="1">
      ${renderQuestions(itemsOf(schema), hint?.items, entry, errors, prefix)}
      <button type="submit" class="button button--secondary" name="_remove" value="${place.name}.${index}" data-remove-entry formnovalidate>
        Remove entry <span data-entry-number>${number}</span></button>
    </fieldset>
  </li>`;
}

function renderItems(
  place: Place,
  schema: JsonSchema,
  hint: FieldHint | undefined,
  value: unknown,
  errors: FieldErrors,
  label: Html,
  notes: Html,
  when: Html,
  error: string | undefined,
): Html {
  const entries = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  return html`<div class="field field--items${error ? ' field--error' : ''}" data-field="${place.name}" data-items="${place.name}"${when}>
    <fieldset id="${place.id}"><legend>${label}</legend>${notes}
      <ol class="entries" data-entries>${entries.map((entry, i) => renderEntry(place, String(i), schema, hint, entry, errors))}</ol>
      <template data-entry-template>${renderEntry(place, INDEX_TOKEN, schema, hint, {}, {})}</template>
      <button type="submit" class="button button--secondary" name="_add" value="${place.name}" data-add-entry formnovalidate>Add an entry</button>
    </fieldset>
  </div>`;
}

/** The questions of a form (or of one entry of a list), grouped as the hints say. */
export function renderQuestions(
  schema: JsonSchema,
  ui: UiHints | undefined,
  answers: Record<string, unknown>,
  errors: FieldErrors,
  prefix = '',
  wording?: WordingBeside,
): Html {
  const properties = propertiesOf(schema);
  const required = requiredOf(schema);
  const parts: Html[] = [];
  let group: { key: string; fields: Html[] } | undefined;
  const closeGroup = () => {
    if (!group) return;
    const meta = ui?.groups?.[group.key];
    parts.push(
      html`<fieldset class="group"><legend>${beside(meta?.legend ?? group.key, wording?.legends[group.key], wording)}</legend>${
        meta?.help ? html`<p class="help">${meta.help}</p>` : ''
      }${group.fields}</fieldset>`,
    );
    group = undefined;
  };
  for (const key of orderedKeys(schema, ui)) {
    const hint = ui?.fields[key];
    const field = renderField(
      key,
      properties[key] ?? {},
      hint,
      answers[key],
      errors,
      prefix,
      required.includes(key),
      wording,
    );
    if (hint?.group) {
      if (group?.key !== hint.group) {
        closeGroup();
        group = { key: hint.group, fields: [] };
      }
      group.fields.push(field);
    } else {
      closeGroup();
      parts.push(field);
    }
  }
  closeGroup();
  return new Html(parts.join(''));
}
