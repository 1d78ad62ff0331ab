/** Placeholder until this section is built (issue 6). */
export function ReferralsPage() {
  return (
    <section className="page">
      <h1>Referrals</h1>
    </section>
  );
}
