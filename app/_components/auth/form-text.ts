/** A text field of a submitted form ("" when absent); FormData's values are typed as string | File. */
export function formText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}
