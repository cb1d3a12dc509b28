package cn.anxin.sim.scenario;

/** GB 11643 resident ID-card numbers for simulated elders: 17 digits and their check character. */
final class IdCards {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private IdCards() {
    }

    /** The 17 digits followed by their check character. */
    static String withCheck(String seventeenDigits) {
        if (seventeenDigits.length() != 17) {
            throw new IllegalArgumentException("17 digits expected, got " + seventeenDigits);
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (seventeenDigits.charAt(i) - '0') * WEIGHTS[i];
        }
        return seventeenDigits + CHECK[sum % 11];
    }
}
