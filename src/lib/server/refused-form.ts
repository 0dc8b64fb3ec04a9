/**
 * What a refused form sent, so its page can show it again and nothing is retyped. Astro reads an
 * action's input from a copy of the request, so the page can read the body once more. Null unless this
 * request is a POST whose action failed; pages show only the fields they name (never a password).
 */
export async function refusedForm(request: Request, failed: unknown): Promise<FormData | null> {
  if (!failed || request.method !== 'POST') return null;
  return request.formData().catch(() => null);
}

/** A refused form's text field, or `fallback` when there is none (a first visit, another form's failure). */
export function typedText(form: FormData | null | undefined, name: string, fallback = ''): string {
  const value = form?.get(name);
  return typeof value === 'string' ? value : fallback;
}
