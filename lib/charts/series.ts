/** A metric series as the charts see it: parallel x/y arrays, x ascending. */
export interface XY {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}
