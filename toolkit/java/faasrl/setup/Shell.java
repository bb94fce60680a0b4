package faasrl.setup;

/**
 * Builds remote command lines safely: every interpolated value single-quoted, and every command
 * run by bash whatever the login shell is (CloudLab's default may be tcsh or sh, where vHive's
 * commands fail with errors such as "Missing name for redirect").
 *
 * <!-- given: String dir -->
 * <pre>{@code
 * String cmd = Shell.bash("cd " + Shell.quote(dir) + " && [[ -d vhive ]] && echo ok");
 * // bash -c 'set -o pipefail; cd '\''/home/a b'\'' && [[ -d vhive ]] && echo ok'
 * }</pre>
 */
final class Shell {
  private Shell() {}

  /**
   * {@code value} as one single-quoted word, for sh, bash, dash, zsh, csh and tcsh alike. Refuses
   * newlines (csh cannot quote them) and NUL.
   */
  static String quote(String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a value sent to a remote shell must be one line, was '"
          + value.replace("\n", "\\n").replace("\r", "\\r") + "'");
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * A path for a remote shell: quoted, except that a leading {@code ~} or {@code ~/} becomes the
   * login user's {@code $HOME} (quoting would stop the shell from expanding it).
   */
  static String path(String path) {
    if (path.equals("~")) {
      return "\"$HOME\"";
    }
    if (path.startsWith("~/")) {
      return "\"$HOME\"/" + quote(path.substring(2));
    }
    return quote(path);
  }

  /**
   * {@code script} run by {@code bash -c} with pipefail, as one word for whatever shell the login
   * shell is. Bash is looked up on the login PATH.
   */
  static String bash(String script) {
    return "bash -c " + quote("set -o pipefail; " + script);
  }
}
