package io.hallmark.assurance;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The attack potential of one attack path (ISO/IEC 18045 Annex B.4).
 *
 * @param value the sum of the five factor values, {@code null} when the path is not exploitable
 * @param rating the attack potential required to exploit the path (Table 4), {@code null} when not exploitable
 * @param exploitable false when the window of opportunity is {@code none} (the table's {@code **})
 */
public record AttackPotentialResult(Integer value, Rating rating, boolean exploitable) {

    /** The attack potential bands of Table 4, weakest attacker first. */
    public enum Rating {
        /** Sum 0 to 9. */
        BASIC("Basic"),
        /** Sum 10 to 13. */
        ENHANCED_BASIC("Enhanced-Basic"),
        /** Sum 14 to 19. */
        MODERATE("Moderate"),
        /** Sum 20 to 24. */
        HIGH("High"),
        /** Sum 25 and above. */
        BEYOND_HIGH("Beyond-High");

        private final String label;

        Rating(String label) {
            this.label = label;
        }

        /** The name the table uses, e.g. {@code Enhanced-Basic}. */
        @JsonValue
        public String label() {
            return label;
        }

        /** The rating named {@code label} as the table writes it. */
        static Rating ofLabel(String label) {
            for (Rating r : values()) {
                if (r.label.equals(label)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("rating: " + label + " (expected: Basic .. Beyond-High)");
        }
    }
}
