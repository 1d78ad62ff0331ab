/** Placeholder until this section is built (issue 6). */
export function BoardPage() {
  return (
    <section className="page">
      <h1>Today's board</h1>
    </section>
  );
}
