package io.timefusion.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Quotients as PostgreSQL 15 prints {@code dividend::numeric / divisor::numeric} (each expected
 * value was read from it); {@code AVG} of integers is this division of the sum by the count.
 */
class PgNumericDivisionTest {
  @ParameterizedTest(name = "{0} / {1} = {2}")
  @CsvSource({
    // 16 significant digits from the estimated quotient weight: avg of 1 to 4, the slt averages.
    "10, 4, 2.5000000000000000",
    "16999999, 4, 4249999.750000000000",
    "-10000000, 4, -2500000.000000000000",
    "700, 3, 233.3333333333333333",
    // Equal leading base-10000 digits: the quotient is assumed below 1, so 4 more digits.
    "1, 1, 1.00000000000000000000",
    "5, 5, 1.00000000000000000000",
    "15000, 1, 15000.0000000000000000",
    "10001, 1, 10001.0000000000000000",
    "15000, 10000, 1.50000000000000000000",
    // Otherwise the same quotients keep fewer.
    "2, 1, 2.0000000000000000",
    "30000, 2, 15000.000000000000",
    "3, 2, 1.5000000000000000",
    "200009999, 19999, 10001.000000000000",
    // Rounded half away from zero at the last digit.
    "2, 3, 0.66666666666666666667",
    "-2, 3, -0.66666666666666666667",
    "1, 3, 0.33333333333333333333",
    // Zero has weight 0 and leading digit 0.
    "0, 4, 0.00000000000000000000",
    "0, 1000000000000, 0.00000000000000000000000000000000",
    // Large quotients keep no fraction at all.
    "17000000000000000000, 2, 8500000000000000000",
    "90000000000000000000000000000000, 1000000000000, 90000000000000000000",
    // Small ones keep 16 significant digits below the point.
    "1, 1000000000000, 0.00000000000100000000000000000000",
    "7, 123456789, 0.000000056700000515970005",
    // Operands with a scale keep at least that scale.
    "1.5, 2, 0.75000000000000000000",
    "10.123456789012345678901, 3, 3.374485596337448559634",
  })
  void dividesAsPostgres(String dividend, String divisor, String quotient) {
    BigDecimal q = PgNumericDivision.divide(new BigDecimal(dividend), new BigDecimal(divisor));
    assertEquals(quotient, q.toPlainString());
  }

  @Test
  void divisionByZeroIsAnError() {
    assertThrows(ArithmeticException.class, () -> PgNumericDivision.divide(BigDecimal.ONE, BigDecimal.ZERO));
  }
}
