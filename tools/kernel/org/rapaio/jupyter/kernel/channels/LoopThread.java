package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Distill4J's replacement for the kernel's own {@code LoopThread}, placed ahead of the kernel jar on the class path
 * (see {@code kit}, function {@code install_kernel}).
 *
 * <p>Why: in rapaio-jupyter-kernel 2.2.0 to 3.0.4 the loop thread sets its "running" flag only after
 * {@code Thread.start()} returns. When the new thread is scheduled first, it sees the flag still false and exits at
 * once, so the shell (or control, or heartbeat) channel never answers and the kernel looks hung forever. It happened
 * in about 1 start in 7 on a 2-core machine.
 *
 * <p>A second defect meets the first: the channels start their loops before the kernel has registered its message
 * handlers, so a {@code kernel_info_request} that arrives in that window throws a {@code NullPointerException} out of
 * the loop body, which ends the thread for good (seen in 1 start in 100 once the first race was gone).
 *
 * <p>This version fixes both. The thread loops until it is told to stop, and "stop" is the only state change, made
 * by {@link #shutdown()} or an interrupt, so there is nothing to race. An exception from one iteration is logged and
 * the loop goes on: the request is lost, and Jupyter sends {@code kernel_info_request} again a second later, when the
 * handlers are in place. The public constructor and methods are the ones the kernel's channels call.
 */
public final class LoopThread extends Thread {

    private static final Logger LOG = Logger.getLogger(LoopThread.class.getName());

    private final long pauseMillis;
    private final Runnable body;
    private volatile boolean stopRequested;

    /**
     * @param name thread name
     * @param sleep milliseconds to pause between two runs of {@code loopBody}
     * @param loopBody one iteration of the channel's work (poll a socket, handle a message)
     */
    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.pauseMillis = sleep;
        this.body = loopBody;
    }

    @Override
    public void run() {
        while (!stopRequested) {
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, getName() + ": a message could not be handled yet (" + e + "); the client will ask again", e);
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                stopRequested = true;
            }
        }
    }

    /** Asks the loop to end after the current iteration. */
    public void shutdown() {
        stopRequested = true;
    }
}
