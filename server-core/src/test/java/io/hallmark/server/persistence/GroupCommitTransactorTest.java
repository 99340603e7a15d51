package io.hallmark.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTransactorTest {
    /**
     * A transactor over a list: a transaction's writes go to a scratch copy that is added on commit and dropped on
     * rollback, so what callers see committed is exactly what survived.
     */
    private static final class ListTransactor implements Transactor {
        final List<String> committed = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger commits = new AtomicInteger();
        final ThreadLocal<List<String>> scratch = new ThreadLocal<>();

        @Override
        public synchronized <T> T inTransaction(Work<T> work) {
            scratch.set(new ArrayList<>());
            try {
                T result = work.run(null);
                committed.addAll(scratch.get());
                commits.incrementAndGet();
                return result;
            } finally {
                scratch.remove();
            }
        }

        @Override
        public <T> T read(Work<T> work) {
            return work.run(null);
        }

        Transactor.Work<String> write(String value) {
            return s -> {
                scratch.get().add(value);
                return value.toUpperCase(java.util.Locale.ROOT);
            };
        }
    }

    @Test
    void eachCallerGetsItsOwnResultOnceCommitted() {
        ListTransactor db = new ListTransactor();
        try (GroupCommitTransactor group = new GroupCommitTransactor(db, 64, "test-commit")) {
            assertThat(group.inTransaction(db.write("a"))).isEqualTo("A");
            assertThat(db.committed).containsExactly("a");
        }
    }

    @Test
    void manyConcurrentCallersShareCommitsAndEveryWriteIsCommittedOnce() throws Exception {
        ListTransactor db = new ListTransactor();
        CountDownLatch go = new CountDownLatch(1);
        try (GroupCommitTransactor group = new GroupCommitTransactor(db, 64, "test-commit");
                ExecutorService callers = Executors.newFixedThreadPool(32)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String v = "w" + i;
                answers.add(callers.submit(() -> {
                    go.await();
                    return group.inTransaction(db.write(v));
                }));
            }
            go.countDown();
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo("W" + i);
            }
            assertThat(db.committed).hasSize(2_000).doesNotHaveDuplicates();
            assertThat(group.works()).isEqualTo(2_000);
            assertThat(db.commits.get()).isEqualTo((int) group.groups());
        }
    }

    @Test
    void aFailingWorkFailsAloneAndTheOthersInItsGroupCommit() throws Exception {
        ListTransactor db = new ListTransactor();
        CountDownLatch go = new CountDownLatch(1);
        try (GroupCommitTransactor group = new GroupCommitTransactor(db, 64, "test-commit");
                ExecutorService callers = Executors.newFixedThreadPool(16)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String v = "w" + i;
                boolean bad = i % 50 == 7;
                answers.add(callers.submit(() -> {
                    go.await();
                    return group.inTransaction(
                            bad
                                    ? s -> {
                                        db.scratch.get().add("partial-" + v);
                                        throw new ConflictException(v + " conflicts");
                                    }
                                    : db.write(v));
                }));
            }
            go.countDown();
            int failed = 0;
            for (int i = 0; i < answers.size(); i++) {
                if (i % 50 == 7) {
                    int n = i;
                    assertThatThrownBy(() -> answers.get(n).get())
                            .hasCauseInstanceOf(ConflictException.class)
                            .hasMessageContaining("w" + n + " conflicts");
                    failed++;
                } else {
                    assertThat(answers.get(i).get()).isEqualTo("W" + i);
                }
            }
            assertThat(failed).isEqualTo(4);
            assertThat(db.committed).hasSize(196).noneMatch(v -> v.startsWith("partial-"));
        }
    }

    @Test
    void nestingFromInsideAGroupIsRefused() {
        ListTransactor db = new ListTransactor();
        try (GroupCommitTransactor group = new GroupCommitTransactor(db, 8, "test-commit")) {
            assertThatThrownBy(() -> group.inTransaction(s -> group.inTransaction(db.write("x"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no nesting");
        }
    }
}
