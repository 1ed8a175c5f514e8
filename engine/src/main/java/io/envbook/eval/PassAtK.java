package io.envbook.eval;

/**
 * The unbiased pass@k estimator of Chen et al. (2021): the chance that at least one of {@code k}
 * samples drawn without replacement from {@code n}, of which {@code c} are correct, is correct:
 * {@code 1 - C(n-c, k) / C(n, k)}, computed as a product to stay exact for large n.
 */
public final class PassAtK {
  private PassAtK() {}

  public static double estimate(int n, int c, int k) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("pass@" + k + " needs 1 <= k <= samples per item (" + n + ")");
    }
    if (c < 0 || c > n) {
      throw new IllegalArgumentException("correct count " + c + " is outside 0.." + n);
    }
    if (n - c < k) {
      return 1.0;
    }
    double notAll = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      notAll *= 1.0 - (double) k / i;
    }
    return 1.0 - notAll;
  }
}
