import { Navigate, Outlet, useLocation } from 'react-router';
import { paths, withNext } from '../../lib/navigation';
import { useSession } from '../session/SessionProvider';

/** Pages for signed-in people; others go to sign in and come back after. */
export function RequireViewer() {
  const { viewer } = useSession();
  const location = useLocation();
  if (!viewer) {
    const here = location.pathname + location.search;
    return <Navigate to={withNext(paths.signIn, here === '/' ? null : here)} replace />;
  }
  return <Outlet />;
}
