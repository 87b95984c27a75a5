/** Types of bench/generate.cjs for TypeScript tests that import it. */
export declare function mulberry32(seed: number): () => number;
export declare function generateBenchCsv(rows: number, out: string, seed?: number): Promise<void>;
