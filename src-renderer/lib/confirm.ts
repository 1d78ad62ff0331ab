import { create } from 'zustand';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
}

interface ConfirmState {
  request: (ConfirmRequest & { resolve: (ok: boolean) => void }) | null;
}

/** The one open question; rendered by <ConfirmDialog/> in the shell. */
export const useConfirm = create<ConfirmState>(() => ({ request: null }));

/** Asks in an in-app modal dialog; resolves true only on an explicit yes (Esc and Cancel say no). */
export function askConfirm(request: Partial<ConfirmRequest> & Pick<ConfirmRequest, 'message'>): Promise<boolean> {
  useConfirm.getState().request?.resolve(false);
  return new Promise<boolean>((resolve) => {
    useConfirm.setState({
      request: {
        title: 'Are you sure?',
        confirmLabel: 'OK',
        cancelLabel: 'Cancel',
        ...request,
        resolve: (ok) => {
          useConfirm.setState({ request: null });
          resolve(ok);
        },
      },
    });
  });
}
