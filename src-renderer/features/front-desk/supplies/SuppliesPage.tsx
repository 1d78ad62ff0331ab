/** Placeholder until this section is built (issue 6). */
export function SuppliesPage() {
  return (
    <section className="page">
      <h1>Supplies</h1>
    </section>
  );
}
