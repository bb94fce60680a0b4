package faasrl.chain;

/**
 * One hop of a chain in one step: its own latency, how far that is above its unloaded latency, and
 * how much of the end-to-end p90's excess it accounts for. Immutable.
 *
 * <p>A hop's own latency is a mean, because means add up along a sequential chain (the entry's
 * mean is its own part plus its callees' means) and p90s do not: the excesses of all hops add up to
 * the end-to-end mean's excess exactly, and apportioning the end-to-end p90's excess by them gives
 * each hop's {@link #contributionMicros() contribution}.
 *
 * <!-- given: CriticalPath path -->
 * <pre>{@code
 * Hop h = path.hop("emailservice");
 * System.out.printf("%s: %.0f us over unloaded, %.0f us of the e2e p90%n", h.function(), h.excessMicros(),
 *     h.contributionMicros());
 * }</pre>
 *
 * @param function           the hop's function
 * @param latencyMicros      its own mean latency: a callee's mean, the entry's mean minus its callees' (at least 0);
 *                           infinite when it was called and completed nothing
 * @param p90Micros          the function's measured p90 (the entry's is the end-to-end p90)
 * @param baselineMicros     its own mean latency unloaded
 * @param excessMicros       {@code latencyMicros - baselineMicros}
 * @param contributionMicros its part of the end-to-end p90's excess over the unloaded end-to-end p90
 *                           (in proportion to its positive excess; 0 when no hop is above its baseline)
 * @param share              its part of the end-to-end mean: {@code latencyMicros} over the sum of all hops'
 * @param correlation        Pearson correlation of its latency with the end-to-end mean over the recent steps
 *                           (as FIRM's relative importance); NaN with fewer than three steps or no variation
 */
public record Hop(String function, double latencyMicros, double p90Micros, double baselineMicros, double excessMicros,
    double contributionMicros, double share, double correlation) {}
