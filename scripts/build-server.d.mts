export const ROOT: string;
export const SERVER_OUT: string;
export function buildServer(opts?: { quiet?: boolean; outDir?: string }): Promise<void>;
export const BUNDLE_EXTERNAL: string[];
