import type { Area } from './areas';

/** An area that is not built yet says honestly what it will do; it shows no sample data. */
export function ComingPanel({ area }: { area: Area }) {
  return (
    <section className="page coming" aria-labelledby="coming-title" data-testid="coming-panel">
      <h1 id="coming-title">{area.label}</h1>
      <p className="lead">{area.summary}</p>
      <div className="notice">
        <p>
          <strong>Not built yet.</strong> This area will bring:
        </p>
        <ul>
          {area.coming.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}
