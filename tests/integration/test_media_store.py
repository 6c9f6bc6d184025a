"""The local photo store: many workers storing the same photo at once all succeed, with one whole file."""
import threading

from storage.media import MediaStore


def test_the_same_photo_stored_by_many_threads_at_once_is_stored_whole_without_an_error(tmp_path):
    store, errors = MediaStore(tmp_path), []
    data = bytes(range(256)) * 4096  # 1 MB: long enough to write that the writers overlap

    def put(relative: str, ready: threading.Barrier) -> None:
        ready.wait()
        try:
            store.put(relative, data, "image/jpeg")
        except OSError as error:
            errors.append(error)

    for n in range(10):
        ready = threading.Barrier(8)
        writers = [threading.Thread(target=put, args=(f"ab/photo-{n}.jpg", ready)) for _ in range(8)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        assert store.open(f"ab/photo-{n}.jpg").read() == data
    assert errors == []
    assert sorted(p.name for p in (tmp_path / "ab").iterdir()) == sorted(
        f"photo-{n}.jpg" for n in range(10)), "no half-written file left behind"
