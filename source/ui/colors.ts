/**
 * Whether the wizard may colour its output. no-color.org: NO_COLOR set to anything but the empty
 * string turns colour off. Chalk 5 (under ink) does not read NO_COLOR, so the wizard does.
 */
export function colorsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}

/** A colour for ink's color/backgroundColor props, or none when colour is off. */
export function tint<C extends string>(color: C | undefined): C | undefined {
  return colorsEnabled() ? color : undefined;
}
