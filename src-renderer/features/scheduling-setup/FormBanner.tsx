/** A set-up form's refusal, at its top. */
export function FormBanner({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="setup-form-error">
      {text}
    </div>
  );
}
