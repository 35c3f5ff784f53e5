"""Recorded answers: chunked uploads in progress, and when an answer's
recording was deleted (retention period).

Revision ID: answer_media
Revises: report_reviews
Create Date: 2026-12-03 20:01:13.050195

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'answer_media'
down_revision = 'report_reviews'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('media_uploads',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('declared_mime', sa.String(length=100), nullable=False),
    sa.Column('expected_bytes', sa.Integer(), nullable=True),
    sa.Column('received_bytes', sa.Integer(), nullable=False),
    sa.Column('chunks', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('final_path', sa.String(length=500), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_media_uploads_answer_id_answers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_media_uploads_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['interview_sessions.id'], name=op.f('fk_media_uploads_session_id_interview_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_uploads'))
    )
    with op.batch_alter_table('media_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_uploads_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_uploads_state'), ['state'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('media_purged_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('media_purged_at')

    with op.batch_alter_table('media_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_uploads_state'))
        batch_op.drop_index(batch_op.f('ix_media_uploads_session_id'))

    op.drop_table('media_uploads')
