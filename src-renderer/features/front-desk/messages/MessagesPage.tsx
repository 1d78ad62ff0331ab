/** Placeholder until this section is built (issue 6). */
export function MessagesPage() {
  return (
    <section className="page">
      <h1>Messages and tasks</h1>
    </section>
  );
}
