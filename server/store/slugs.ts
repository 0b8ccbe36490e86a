// What a slug is: the natural key of articles, actors, topics, events, measures and stances, and the
// form of a saved query's name. The API, the file formats and the writes all check against this.

/** Lowercase letters and digits in words joined by single hyphens (`us-eo-13722`). */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
