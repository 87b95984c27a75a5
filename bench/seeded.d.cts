/** Types of bench/seeded.cjs for TypeScript tests that import it. */
export declare function mulberry32(seed: number): () => number;
