package org.stormwatch.core.nbns;

/**
 * One entry of the question section (RFC 1002 section 4.2.1.2).
 *
 * @param type QUESTION_TYPE, 0 to 65535: {@link NbnsTypes#NB} or {@link NbnsTypes#NBSTAT}
 * @param questionClass QUESTION_CLASS, 0 to 65535: {@link NbnsTypes#CLASS_IN}
 */
public record NbnsQuestion(NbnsName name, int type, int questionClass) {
  public NbnsQuestion {
    if (name == null) {
      throw new IllegalArgumentException("question name is required");
    }
    if (type < 0 || type > 0xffff || questionClass < 0 || questionClass > 0xffff) {
      throw new IllegalArgumentException(
          "question type or class out of range 0..65535: " + type + ", " + questionClass);
    }
  }

  /** A node status (NBSTAT) query for the wildcard name, as nbtstat -A and scanners send. */
  public boolean wildcardNodeStatus() {
    return type == NbnsTypes.NBSTAT && name.isWildcard();
  }
}
