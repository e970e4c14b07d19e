package org.rapaio.jupyter.kernel.channels;

/**
 * Distill4J's replacement for the kernel's own {@code LoopThread}, placed ahead of the kernel jar on the class path
 * (see {@code kit}, function {@code install_kernel}).
 *
 * <p>Why: in rapaio-jupyter-kernel 2.2.0 to 3.0.4 the loop thread sets its "running" flag only after
 * {@code Thread.start()} returns. When the new thread is scheduled first, it sees the flag still false and exits at
 * once, so the shell (or control, or heartbeat) channel never answers and the kernel looks hung forever. It happened
 * in about 1 start in 7 on a 2-core machine.
 *
 * <p>This version cannot race: the thread loops until it is told to stop, and "stop" is the only state change, made
 * by {@link #shutdown()} or an interrupt. The public constructor and methods are the ones the kernel's channels call.
 */
public final class LoopThread extends Thread {

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
            body.run();
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
