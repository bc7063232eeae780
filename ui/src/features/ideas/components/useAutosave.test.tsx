import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { useAutosave } from './useAutosave';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('useAutosave', () => {
  it('saves once after the value stops changing', async () => {
    const save = vi.fn().mockResolvedValue(undefined);
    const { result, rerender } = renderHook(({ v }) => useAutosave({ value: v, enabled: true, save, delay: 1000 }), {
      initialProps: { v: { title: 'Idee' } },
    });
    expect(result.current.status).toBe('idle');
    rerender({ v: { title: 'Idee A' } });
    await act(() => vi.advanceTimersByTimeAsync(500));
    rerender({ v: { title: 'Idee AB' } });
    expect(result.current.status).toBe('waiting');
    await act(() => vi.advanceTimersByTimeAsync(999));
    expect(save).not.toHaveBeenCalled();
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ title: 'Idee AB' });
    expect(result.current.status).toBe('saved');
    expect(result.current.dirty).toBe(false);
  });

  it('does not save while disabled or unchanged', async () => {
    const save = vi.fn().mockResolvedValue(undefined);
    const { rerender } = renderHook(({ v, on }) => useAutosave({ value: v, enabled: on, save, delay: 100 }), {
      initialProps: { v: 'a', on: false },
    });
    rerender({ v: 'b', on: false });
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(save).not.toHaveBeenCalled();
    rerender({ v: 'b', on: true });
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(save).toHaveBeenCalledTimes(1);
    rerender({ v: 'b', on: true });
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('saves edits made during a save right after it', async () => {
    let release: () => void = () => {};
    const save = vi
      .fn()
      .mockImplementationOnce(() => new Promise<void>((r) => (release = r)))
      .mockResolvedValue(undefined);
    const { rerender } = renderHook(({ v }) => useAutosave({ value: v, enabled: true, save, delay: 100 }), {
      initialProps: { v: 1 },
    });
    rerender({ v: 2 });
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(save).toHaveBeenCalledTimes(1);
    rerender({ v: 3 });
    await act(() => vi.advanceTimersByTimeAsync(100)); // timer fires while the first save runs
    expect(save).toHaveBeenCalledTimes(1);
    await act(async () => release());
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith(3);
  });

  it('does not say "saved" while edits made during the save are still unsaved', async () => {
    let release: () => void = () => {};
    const save = vi
      .fn()
      .mockImplementationOnce(() => new Promise<void>((r) => (release = r)))
      .mockResolvedValue(undefined);
    const { result, rerender } = renderHook(({ v }) => useAutosave({ value: v, enabled: true, save, delay: 1000 }), {
      initialProps: { v: 1 },
    });
    rerender({ v: 2 });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    rerender({ v: 3 }); // edited while the first save runs
    await act(async () => release());
    expect(result.current.status).toBe('waiting');
    expect(result.current.savedAt).toBeInstanceOf(Date);
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(save).toHaveBeenLastCalledWith(3);
    expect(result.current.status).toBe('saved');
  });

  it('stops on a stale write instead of overwriting', async () => {
    const save = vi.fn().mockRejectedValue(new ApiError({ status: 412, code: 'precondition_failed', message: 'stale' }));
    const { result, rerender } = renderHook(({ v }) => useAutosave({ value: v, enabled: true, save, delay: 100 }), {
      initialProps: { v: 'a' },
    });
    rerender({ v: 'b' });
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(result.current.status).toBe('stale');
    rerender({ v: 'c' });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('does not send content the API refused as invalid again by itself', async () => {
    const invalid = new ApiError({ status: 400, code: 'invalid', message: 'invalid', fields: [{ field: 'tags[1]', message: 'must have at most 40 characters' }] });
    const save = vi.fn().mockRejectedValueOnce(invalid).mockResolvedValue(undefined);
    const { result, rerender } = renderHook(({ v }) => useAutosave({ value: v, enabled: true, save, delay: 1000 }), {
      initialProps: { v: 'a' },
    });
    rerender({ v: 'b' });
    // A manual save of the same content fails before the autosave's turn comes.
    await act(async () => {
      await result.current.flush().catch(() => undefined);
    });
    expect(save).toHaveBeenCalledTimes(1);
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(save).toHaveBeenCalledTimes(1);
    expect(result.current.status).toBe('error');
    // Changed content is saved again.
    rerender({ v: 'c' });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith('c');
  });
});
