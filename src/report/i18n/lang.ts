/** The languages a report can be written in: English and Norwegian bokmål. */
export const LANGUAGES = ["en", "nb"] as const;
export type Lang = (typeof LANGUAGES)[number];
