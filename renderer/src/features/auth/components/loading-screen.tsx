/** Holds the card's place while the first state arrives, so nothing jumps when it does. */
export const LoadingScreen = () => (
  <section className="panel panel--narrow loading-screen" aria-busy="true">
    <p className="sr-only">Loading…</p>
    <div className="skeleton skeleton--icon" />
    <div className="skeleton skeleton--title" />
    <div className="skeleton skeleton--line" />
    <div className="skeleton skeleton--line skeleton--short" />
  </section>
);
