package org.distill4j.kernel;

import java.security.Permission;
import java.util.function.Consumer;

/**
 * Keeps a learner's {@code System.exit(...)} from killing the kernel and, with it, every variable of the notebook.
 *
 * <p>Where the JDK still lets a program install a security manager (JDK 17–23, with
 * {@code -Djava.security.manager=allow} from 18 on), a call to {@code System.exit} or {@code Runtime.halt} from a
 * cell's code — or from a thread a cell started — throws a {@link SecurityException} that says what happened; the
 * kernel stays alive. Every other permission is granted: this is not a sandbox.
 *
 * <p>Where it cannot be installed (JDK 24 and later), a shutdown hook tells the cell that was running that its code
 * ended the kernel, and that Kernel ▸ Restart brings a fresh one.
 */
final class ExitGuard extends SecurityManager {

    static final String MESSAGE = "System.exit(%d) was called by the notebook's code. It would stop the kernel and "
            + "lose every variable, so the kernel refused: end the cell with return or by throwing an exception instead.";

    /** Installs the guard, or the shutdown-hook fallback; {@code lastWords} reaches the running cell's output. */
    @SuppressWarnings({"removal", "deprecation"})
    static boolean install(Consumer<String> lastWords) {
        try {
            System.setSecurityManager(new ExitGuard());
            return true;
        } catch (UnsupportedOperationException | SecurityException e) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> lastWords.accept(
                    "The kernel is stopping: the notebook's code called System.exit (this JDK cannot refuse it). "
                            + "Every variable is lost; use Kernel > Restart, then run the cells again from the top.\n"),
                    "exit-notice"));
            return false;
        }
    }

    @Override
    public void checkExit(int status) {
        if (Boolean.TRUE.equals(CellExecution.CELL_CODE.get())) {
            throw new SecurityException(String.format(MESSAGE, status));
        }
    }

    @Override
    public void checkPermission(Permission perm) {
        // everything else is allowed
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        // everything else is allowed
    }
}
